#!/usr/bin/env python3
"""Derives the compact schema-linking evaluation files in server/src/test/resources/text2sql/ from the public
Spider dev set (taoyds/spider @ 7036cf4) and its MSpider translation (psunlpgroup/XSemPLR @ af03531).

  python3 server/src/test/text2sql/derive.py /work/shared/data/text2sql server/src/test/resources/text2sql

Output (CC BY-SA 4.0, as the source):
  schemas.json    the 20 dev databases: tables with original names, columns with original names and types,
                  primary keys and foreign keys (table.column pairs)
  questions.tsv   one line per dev question: db_id, gold tables (comma separated; every table unit of the gold SQL,
                  nested queries included), the English question, the Chinese (CSpider) question
Gold tables come from the parsed 'sql' structure of Spider's dev.json, not from the SQL text.
"""
import json
import sys


def tables_of(sql, out):
    if not isinstance(sql, dict):
        return
    for kind, unit in sql.get('from', {}).get('table_units', []):
        if kind == 'table_unit':
            out.add(unit)
        else:
            tables_of(unit, out)
    for key in ('intersect', 'union', 'except'):
        tables_of(sql.get(key), out)
    for clause in ('where', 'having'):
        for cond in sql.get(clause) or []:
            if isinstance(cond, list):
                for v in cond[3:5]:
                    tables_of(v, out)
    for cond in sql.get('from', {}).get('conds', []):
        if isinstance(cond, list):
            for v in cond[3:5]:
                tables_of(v, out)


def main(src, dst):
    dev = json.load(open(f'{src}/spider/dev.json', encoding='utf-8'))
    msp = json.load(open(f'{src}/mspider/dev.json', encoding='utf-8'))
    schemas = {s['db_id']: s for s in json.load(open(f'{src}/spider/tables.json', encoding='utf-8'))}
    assert len(dev) == len(msp)
    used = sorted({q['db_id'] for q in dev})
    out = []
    for db in used:
        s = schemas[db]
        tables = []
        for ti, tname in enumerate(s['table_names_original']):
            cols = [{'name': c[1], 'type': s['column_types'][ci]}
                    for ci, c in enumerate(s['column_names_original']) if c[0] == ti]
            pk = [s['column_names_original'][p][1] for p in flat(s['primary_keys'])
                  if s['column_names_original'][p][0] == ti]
            tables.append({'name': tname, 'columns': cols, 'primaryKey': pk})
        fks = []
        for a, b in s['foreign_keys']:
            ca, cb = s['column_names_original'][a], s['column_names_original'][b]
            fks.append([s['table_names_original'][ca[0]], ca[1], s['table_names_original'][cb[0]], cb[1]])
        out.append({'db': db, 'tables': tables, 'foreignKeys': fks})
    with open(f'{dst}/schemas.json', 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, indent=0)
    with open(f'{dst}/questions.tsv', 'w', encoding='utf-8') as f:
        for q, m in zip(dev, msp):
            assert q['db_id'] == m['db_id'] and q['question'].strip() == m['question']['en'].strip(), q['question']
            units = set()
            tables_of(q['sql'], units)
            names = sorted(schemas[q['db_id']]['table_names_original'][u] for u in units)
            clean = lambda s: ' '.join(s.split())
            f.write('\t'.join([q['db_id'], ','.join(names), clean(q['question']), clean(m['question']['zh'])]) + '\n')


def flat(pks):
    for p in pks:
        if isinstance(p, list):
            yield from p
        else:
            yield p


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
