// The reference graph: nodes are evaluated once all their dependencies are, in the order they become ready
// (Kahn's algorithm). Nodes can be added while the graph runs — a module call adds its instances' nodes when its
// count/for_each is known — and a node that is still waiting can be given more dependencies. What never becomes
// ready is part of, or depends on, a cycle: Tarjan's algorithm names each cycle, its members fail (evaluate to
// unknowns) and evaluation carries on with their dependents.

interface GraphNode {
  id: string;
  run: () => void;
  fail: () => void;
  deps: Set<string>;
  dependents: string[];
  waiting: number;
  done: boolean;
}

export class Graph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly ready: string[] = [];
  private cursor = 0;

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** Registers a node without dependencies yet (so nodes of one module can refer to each other in any order). */
  declare(id: string, run: () => void, fail: () => void): void {
    if (this.nodes.has(id)) throw new Error(`graph node ${id} declared twice`);
    this.nodes.set(id, { id, run, fail, deps: new Set(), dependents: [], waiting: 0, done: false });
  }

  /** Adds a dependency; the node must not have run. Unknown dependency ids are ignored. */
  depend(id: string, dep: string): void {
    const node = this.nodes.get(id)!;
    const target = this.nodes.get(dep);
    if (!target || node.deps.has(dep) || dep === id) {
      if (dep === id && target) {
        node.deps.add(dep);
        node.waiting++;
      }
      return;
    }
    node.deps.add(dep);
    if (!target.done) {
      node.waiting++;
      target.dependents.push(id);
    }
  }

  /** Makes a declared node eligible: it runs once its dependencies have. */
  seal(id: string): void {
    const node = this.nodes.get(id)!;
    if (node.waiting === 0) this.ready.push(id);
  }

  run(onCycle: (members: string[]) => void): void {
    for (;;) {
      while (this.cursor < this.ready.length) {
        const node = this.nodes.get(this.ready[this.cursor++]!)!;
        if (node.done) continue;
        node.run();
        this.finish(node);
      }
      const stuck = [...this.nodes.values()].filter((node) => !node.done);
      if (stuck.length === 0) return;
      const cycles = this.cycles(new Set(stuck.map((node) => node.id)));
      if (cycles.length === 0) {
        // Cannot happen: a waiting node with no cycle below it. Fail them rather than loop.
        for (const node of stuck) onCycle([node.id]);
        for (const node of stuck) {
          node.fail();
          this.finish(node);
        }
        return;
      }
      for (const members of cycles) {
        onCycle(members);
        for (const id of members) {
          const node = this.nodes.get(id)!;
          node.fail();
          this.finish(node);
        }
      }
    }
  }

  private finish(node: GraphNode): void {
    node.done = true;
    for (const id of node.dependents) {
      const dependent = this.nodes.get(id)!;
      dependent.waiting--;
      if (dependent.waiting === 0 && !dependent.done) this.ready.push(id);
    }
  }

  private cycles(remaining: Set<string>): string[][] {
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const out: string[][] = [];
    const visit = (id: string) => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      for (const dep of this.nodes.get(id)!.deps) {
        if (!remaining.has(dep)) continue;
        if (!index.has(dep)) {
          visit(dep);
          low.set(id, Math.min(low.get(id)!, low.get(dep)!));
        } else if (onStack.has(dep)) {
          low.set(id, Math.min(low.get(id)!, index.get(dep)!));
        }
      }
      if (low.get(id) === index.get(id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== id);
        if (component.length > 1 || this.nodes.get(id)!.deps.has(id)) out.push(component.reverse());
      }
    };
    for (const id of remaining) if (!index.has(id)) visit(id);
    return out;
  }
}
