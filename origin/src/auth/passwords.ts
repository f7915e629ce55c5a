/**
 * Password hashing with bcryptjs. Logins for unknown emails still run one bcrypt comparison
 * (against a dummy hash of the same cost), so the answer takes as long as a wrong password and
 * cannot be used to find out which emails have accounts.
 */
import bcrypt from "bcryptjs";

export class Passwords {
  readonly #cost: number;
  readonly #onCompare: () => void;
  readonly #dummyHash: Promise<string>;

  constructor(cost: number, onCompare: () => void = () => {}) {
    this.#cost = cost;
    this.#onCompare = onCompare;
    // Made up front so that the first unknown-email login is not slower than the others.
    this.#dummyHash = bcrypt.hash("dummy-password-for-timing", cost);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.#cost);
  }

  /** Compares against `hash`, or against the dummy when there is no account (always false then). */
  async verify(password: string, hash: string | null): Promise<boolean> {
    const target = hash ?? (await this.#dummyHash);
    this.#onCompare();
    const ok = await bcrypt.compare(password, target);
    return ok && hash !== null;
  }
}
