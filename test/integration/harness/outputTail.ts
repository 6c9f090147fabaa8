import type { Readable } from 'node:stream';

/** Keeps the last `maxLines` lines written to the given streams (for error messages), optionally echoing them. */
export class OutputTail {
  private readonly lines: string[] = [];

  constructor(
    private readonly maxLines = 200,
    private readonly echo?: (line: string) => void,
  ) {}

  follow(stream: Readable | null | undefined, label: string): void {
    if (!stream) return;
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) this.add(`${label}${part}`);
    });
    stream.on('end', () => {
      if (partial) this.add(`${label}${partial}`);
      partial = '';
    });
  }

  text(): string {
    return this.lines.join('\n');
  }

  private add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.lines.shift();
    this.echo?.(line);
  }
}
