import { Sql } from './sql';

describe('Sql.forSqlite', () => {
  it('turns $n placeholders into ? in order of appearance, repeating a parameter used twice', () => {
    const sql = new Sql('t', 'UPDATE t SET a = $2, b = $1, c = $2 WHERE id = $3');
    expect(sql.forSqlite()).toEqual({ text: 'UPDATE t SET a = ?, b = ?, c = ? WHERE id = ?', order: [1, 0, 1, 2] });
  });

  it('reads two-digit placeholders whole', () => {
    expect(new Sql('t', 'VALUES ($1, $10, $11)').forSqlite().order).toEqual([0, 9, 10]);
  });

  it('drops a closing FOR UPDATE, which SQLite does not know', () => {
    expect(new Sql('t', 'SELECT a FROM t WHERE id = $1 FOR UPDATE').forSqlite().text).toBe('SELECT a FROM t WHERE id = ?');
  });
});
