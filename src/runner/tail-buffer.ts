/** Keeps the last `limit` characters of a stream (Codex's stderr can be long; we only show its end). */
export class TailBuffer {
  private text = ''

  constructor(private readonly limit: number) {}

  push(chunk: string): void {
    this.text += chunk
    if (this.text.length > this.limit * 2) this.text = this.text.slice(-this.limit)
  }

  toString(): string {
    return this.text.length > this.limit ? this.text.slice(-this.limit) : this.text
  }
}
