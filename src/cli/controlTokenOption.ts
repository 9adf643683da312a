import { InvalidArgumentError } from 'commander';

/** A token goes in an Authorization header: printable ASCII without spaces, and not trivially short. */
export function controlToken(value: string): string {
  if (!/^[\x21-\x7e]{16,512}$/.test(value))
    throw new InvalidArgumentError('--control-token must be 16 to 512 printable ASCII characters without spaces');
  return value;
}
