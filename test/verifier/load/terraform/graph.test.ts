import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Graph } from '../../../../src/verifier/load/terraform/graph.ts';

function build(edges: Record<string, string[]>, ran: string[], failed: string[] = []): Graph {
  const graph = new Graph();
  for (const id of Object.keys(edges))
    graph.declare(
      id,
      () => ran.push(id),
      () => failed.push(id),
    );
  for (const [id, deps] of Object.entries(edges)) for (const dep of deps) graph.depend(id, dep);
  for (const id of Object.keys(edges)) graph.seal(id);
  return graph;
}

test('nodes run after their dependencies, each once', () => {
  const ran: string[] = [];
  const graph = build({ c: ['a', 'b'], a: [], b: ['a'], d: ['c', 'a'] }, ran);
  graph.run(() => assert.fail('no cycle here'));
  assert.deepEqual(ran, ['a', 'b', 'c', 'd']);
});

test('nodes added while the graph runs are scheduled, and a waiting node can gain dependencies', () => {
  const ran: string[] = [];
  const graph = new Graph();
  graph.declare(
    'expand',
    () => {
      ran.push('expand');
      graph.declare(
        'child',
        () => ran.push('child'),
        () => undefined,
      );
      graph.depend('child', 'expand');
      graph.seal('child');
      graph.depend('collect', 'child');
    },
    () => undefined,
  );
  graph.declare(
    'collect',
    () => ran.push('collect'),
    () => undefined,
  );
  graph.depend('collect', 'expand');
  graph.seal('expand');
  graph.seal('collect');
  graph.run(() => assert.fail('no cycle here'));
  assert.deepEqual(ran, ['expand', 'child', 'collect']);
});

test('a cycle is reported with its members, its members fail, and what depends on it still runs', () => {
  const ran: string[] = [];
  const failed: string[] = [];
  const cycles: string[][] = [];
  const graph = build({ a: ['c'], b: ['a'], c: ['b'], d: ['a'], e: [], self: ['self'] }, ran, failed);
  graph.run((members) => cycles.push(members));
  assert.deepEqual(cycles.map((c) => [...c].sort().join(',')).sort(), ['a,b,c', 'self']);
  assert.deepEqual(failed.sort(), ['a', 'b', 'c', 'self']);
  assert.deepEqual(ran, ['e', 'd']);
});
