// Quotes text taken from a config file for a problem message, cut short so that a megabyte-long
// word in a broken file cannot turn into a megabyte-long message.

const MAX_SHOWN = 80;

export function shown(value: string): string {
  return value.length <= MAX_SHOWN ? `"${value}"` : `"${value.slice(0, MAX_SHOWN)}…" (${value.length} characters)`;
}
