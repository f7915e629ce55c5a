/** A well-formedness (or encoding) fault in an XMLTV document, located so the ingest endpoint can name it. */
export class XmltvSyntaxError extends Error {
  line: number;
  column: number;

  constructor(message: string, line: number, column: number) {
    super(`${message} (line ${line}, column ${column})`);
    this.name = "XmltvSyntaxError";
    this.line = line;
    this.column = column;
  }
}
