import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App } from './app/App';
import { createApolloClient } from './app/apollo';
import { routes } from './app/routes';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs a #root element');

createRoot(root).render(
  <StrictMode>
    <App client={createApolloClient()} router={createBrowserRouter(routes)} />
  </StrictMode>,
);
