import { createTheme, type MantineColorsTuple } from '@mantine/core';

// One calm accent: a deep clinical teal.
const porter: MantineColorsTuple = [
  '#e6fbf9',
  '#d5f2ef',
  '#ade3de',
  '#82d4cc',
  '#5ec7bd',
  '#47bfb3',
  '#37bbae',
  '#26a498',
  '#159287',
  '#007f75',
];

export const theme = createTheme({
  primaryColor: 'porter',
  primaryShade: 8,
  colors: { porter },
  defaultRadius: 'md',
  fontFamily:
    'Inter, "Segoe UI", system-ui, -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  cursorType: 'pointer',
  components: {
    Table: { defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md' } },
    Badge: { defaultProps: { variant: 'light', radius: 'sm' } },
  },
});
