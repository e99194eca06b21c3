#!/usr/bin/env node
// idle-rss: the resident memory of an MCP server that was started and listed, then left alone – the state most servers
// a client starts spend their life in. Spawns the server over stdio, initializes, lists its tools, waits (15 s: long
// enough for a JVM's periodic native-memory trim, every 5 s), reads VmRSS and VmHWM of the server process and its
// children, prints one JSON line. Used by compare.sh (needs the kit's SDK: run it from the kit's folder).
//   node idle-rss.mjs [--label L] [--wait-ms 15000] -- <command> [args...]
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: o, positionals } = parseArgs({ allowPositionals: true,
  options: { label: { type: 'string' }, 'wait-ms': { type: 'string', default: '15000' } } });
const [command, ...args] = positionals;

const kB = (pid, key) => { try { return +(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${key}:\\s+(\\d+)`))?.[1] ?? 0); } catch { return 0; } };
const children = (pid) => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
  try { const s = readFileSync(`/proc/${d}/stat`, 'utf8'); return +s.slice(s.lastIndexOf(')') + 2).split(' ')[1] === pid; } catch { return false; }
}).map(Number);
const tree = (pid) => [pid, ...children(pid).flatMap(tree)];
const mb = (k) => Math.round(k / 102.4) / 10;

const transport = new StdioClientTransport({ command, args, env: process.env, stderr: 'ignore' });
const client = new Client({ name: 'idle-rss', version: '1' });
const out = { label: o.label ?? command };
try {
  await client.connect(transport);
  out.tools = (await client.listTools()).tools.length;
  await new Promise((r) => setTimeout(r, +o['wait-ms']));
  const pids = tree(transport.pid);
  out.idle_rss_mb = mb(pids.reduce((s, p) => s + kB(p, 'VmRSS'), 0));
  out.idle_hwm_mb = mb(pids.reduce((s, p) => s + kB(p, 'VmHWM'), 0));
} catch (e) {
  out.error = String(e?.message ?? e).slice(0, 300);
} finally {
  await client.close().catch(() => {});
}
console.log(JSON.stringify(out));
