// The little of better-sqlite3 (no published types in this tree) the write probe uses.
declare module 'better-sqlite3' {
  interface Connection {
    exec(sql: string): this;
    close(): this;
  }
  interface Options {
    fileMustExist?: boolean;
    /** Milliseconds to wait for a lock before SQLITE_BUSY. */
    timeout?: number;
  }
  const Database: new (file: string, options?: Options) => Connection;
  export default Database;
}
