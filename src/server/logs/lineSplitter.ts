/**
 * Cuts printed text into lines: a chunk may end inside a line, which waits for its end (or `flush`). A line longer
 * than `maxLine` characters is handed on in pieces, so nothing a driver prints without a newline grows unbounded.
 */
export class LineSplitter {
  private partial = '';

  constructor(
    private readonly emit: (line: string) => void,
    private readonly maxLine: number,
  ) {}

  write(text: string): void {
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const line = this.partial + text.slice(start, end);
      this.partial = '';
      this.emitPieces(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = end + 1;
    }
    this.partial += text.slice(start);
    while (this.partial.length > this.maxLine) {
      this.emit(this.partial.slice(0, this.maxLine));
      this.partial = this.partial.slice(this.maxLine);
    }
  }

  /** Hands on what is left of an unfinished line (the printer exited). */
  flush(): void {
    if (this.partial.length > 0) this.emit(this.partial);
    this.partial = '';
  }

  private emitPieces(line: string): void {
    for (let at = 0; at < line.length || at === 0; at += this.maxLine) this.emit(line.slice(at, at + this.maxLine));
  }
}
