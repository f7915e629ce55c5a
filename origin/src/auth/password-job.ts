/** The messages between the password pool and its worker threads. */
export type PasswordJob =
  | { op: "hash"; password: string; cost: number }
  | { op: "compare"; password: string; hash: string };

export type PasswordJobResult = { ok: true; value: string | boolean } | { ok: false; message: string };
