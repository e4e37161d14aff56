// bench/duckdb.mjs — run SQL statements in DuckDB, one thread, in memory.
// Usage: node duckdb.mjs 'SQL'  (bench/run.sh copies this file next to
// its node_modules in bench/.cache/node). Results go where the SQL says
// (COPY ... TO); nothing is printed but errors.
import { DuckDBInstance } from '@duckdb/node-api';

const sql = process.argv[2];
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await instance.connect();
await con.run(sql);
