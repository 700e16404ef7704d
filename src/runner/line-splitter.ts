/**
 * Splits a byte stream into lines like readline, but with a bound: a line longer than `maxLineBytes` is
 * never held in memory (readline builds it whole, and a line of hundreds of MB ends the process with
 * "RangeError: Invalid string length"). Its bytes are counted, dropped, and reported once it ends.
 */
const ENDS = 4096

export class LineSplitter {
  private parts: Buffer[] = []
  private held = 0
  /** Bytes of the current over-long line, once it went past the limit. */
  private skipping = 0

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onSkipped: (bytes: number, ends: {head: Buffer; tail: Buffer}) => void,
  ) {}

  /** The first and last few KB of a skipped line (a JSON-RPC request's id is at one end). */
  private head = Buffer.alloc(0)
  private tail = Buffer.alloc(0)

  push(chunk: Buffer): void {
    let start = 0
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (this.held === 0 && this.skipping === 0 && nl - start <= this.maxLineBytes) {
        this.onLine(chunk.toString('utf8', start, nl)) // the common case: a whole line in one chunk, no copy
      } else {
        this.take(chunk.subarray(start, nl))
        this.endLine()
      }
      start = nl + 1
    }
    if (start < chunk.length) this.take(chunk.subarray(start))
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): void {
    if (this.held > 0 || this.skipping > 0) this.endLine()
  }

  private take(bytes: Buffer): void {
    if (bytes.length === 0) return
    if (this.skipping > 0) {
      this.skipping += bytes.length
      this.keepTail(bytes)
      return
    }
    if (this.held + bytes.length > this.maxLineBytes) {
      this.skipping = this.held + bytes.length
      const start = Buffer.concat([...this.parts, bytes.subarray(0, ENDS)])
      this.head = Buffer.from(start.subarray(0, ENDS))
      this.tail = Buffer.alloc(0)
      this.keepTail(bytes)
      this.parts = []
      this.held = 0
      return
    }
    // Copy: the chunk's memory is reused by the stream, and a small slice would pin a large chunk.
    this.parts.push(Buffer.from(bytes))
    this.held += bytes.length
  }

  private keepTail(bytes: Buffer): void {
    this.tail = Buffer.from(bytes.length >= ENDS ? bytes.subarray(-ENDS) : Buffer.concat([this.tail, bytes]).subarray(-ENDS))
  }

  private endLine(): void {
    if (this.skipping > 0) {
      const bytes = this.skipping
      this.skipping = 0
      this.onSkipped(bytes, {head: this.head, tail: this.tail})
      return
    }
    const line = this.parts.length === 1 ? this.parts[0].toString('utf8') : Buffer.concat(this.parts, this.held).toString('utf8')
    this.parts = []
    this.held = 0
    this.onLine(line)
  }
}
