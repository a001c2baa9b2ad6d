import { notifications } from '@mantine/notifications';
import { describeError } from './errors';

/** A green notification after a change went through. */
export function notifySuccess(title: string, message: string): void {
  notifications.show({ color: 'green', title, message });
}

/** A red notification for a failed change, worded by `describeError`. */
export function notifyError(title: string, error: unknown): void {
  notifications.show({ color: 'red', title, message: describeError(error), autoClose: 8000 });
}
