// web/src/labs/xor/network.ts: the network as SVG, input → hidden → output, one
// line per weight: blue for positive, red for negative, width growing with
// |w| (relative to the largest weight). Wide layers draw their first 32 units.
import type { Described } from '../../protocol';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_NODES = 32;
const W = 520;
const H = 300;

interface Edge {
  line: SVGLineElement;
  title: SVGTitleElement;
  name: string;                   // "synapse_0[r][c]"
  index: number;
  style: string;                  // the stroke, width and opacity last set (attributes are only touched on change)
  shownTitle: string;
}

export class NetworkView {
  private edges: Edge[] = [];
  private svg: SVGSVGElement;

  constructor(private root: HTMLElement, private note: HTMLElement) {
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    this.svg.setAttribute('role', 'img');
    root.append(this.svg);
  }

  build(d: Described): void {
    this.svg.replaceChildren();
    this.edges = [];
    const widths = [d.input_width, ...d.layer_widths];
    const names = [inputNames(d.input_width), ...d.layer_widths.map((w, i) =>
      Array.from({ length: w }, (_, u) => (i === d.layer_widths.length - 1 ? (w === 1 ? 'out' : `o${u + 1}`) : `h${u + 1}`)))];
    const shown = widths.map((w) => Math.min(w, MAX_NODES));
    const pos = shown.map((n, layer) => Array.from({ length: n }, (_, i) => ({
      x: 78 + (layer * (W - 130)) / (widths.length - 1),
      y: n === 1 ? H / 2 : 20 + (i * (H - 40)) / (n - 1),
    })));
    const edgeGroup = document.createElementNS(SVG, 'g');
    const nodeGroup = document.createElementNS(SVG, 'g');
    this.svg.append(edgeGroup, nodeGroup);
    d.params.forEach((p, layer) => {
      for (let r = 0; r < Math.min(p.rows, MAX_NODES); r++) {
        for (let c = 0; c < Math.min(p.cols, MAX_NODES); c++) {
          const a = pos[layer][r];
          const b = pos[layer + 1][c];
          const line = document.createElementNS(SVG, 'line');
          line.setAttribute('x1', String(a.x));
          line.setAttribute('y1', String(a.y));
          line.setAttribute('x2', String(b.x));
          line.setAttribute('y2', String(b.y));
          const title = document.createElementNS(SVG, 'title');
          const name = `${p.name}[${r}][${c}]`;
          title.textContent = name;
          line.append(title);
          edgeGroup.append(line);
          this.edges.push({ line, title, name, index: p.offset + r * p.cols + c, style: '', shownTitle: '' });
        }
      }
    });
    const radius = Math.max(4, Math.min(14, (H - 40) / Math.max(...shown) / 2.4));
    pos.forEach((layer, li) => layer.forEach((p, i) => {
      const c = document.createElementNS(SVG, 'circle');
      c.setAttribute('cx', String(p.x));
      c.setAttribute('cy', String(p.y));
      c.setAttribute('r', String(radius));
      c.setAttribute('class', li === 0 ? 'node node-in' : li === pos.length - 1 ? 'node node-out' : 'node');
      nodeGroup.append(c);
      if (radius >= 8 || li !== 1) {
        const t = document.createElementNS(SVG, 'text');
        t.setAttribute('x', String(li === 0 ? p.x - radius - 4 : li === pos.length - 1 ? p.x + radius + 4 : p.x));
        t.setAttribute('y', String(li === 0 || li === pos.length - 1 ? p.y + 4 : p.y + 4));
        t.setAttribute('text-anchor', li === 0 ? 'end' : li === pos.length - 1 ? 'start' : 'middle');
        t.setAttribute('class', li === 0 || li === pos.length - 1 ? 'node-label' : 'node-label inside');
        t.textContent = names[li][i];
        nodeGroup.append(t);
      }
    }));
    const capped = widths.some((w) => w > MAX_NODES);
    this.svg.setAttribute('aria-label', `network ${widths.join(' → ')}`);
    const what = d.layer_widths.length === 1 ? 'one layer, no hidden layer, no bias' : 'no biases (the third input is the constant 1)';
    this.note.textContent = `${widths.join(' → ')} units, ${d.param_count} weights, ${what}.` +
      (capped ? ` Showing the first ${MAX_NODES} hidden units.` : '');
  }

  update(params: Float64Array): void {
    let max = 1e-12;
    for (const e of this.edges) max = Math.max(max, Math.abs(params[e.index]));
    for (const e of this.edges) {
      const w = params[e.index];
      const stroke = w >= 0 ? '#2563eb' : '#dc2626';
      const width = (0.4 + 5.6 * (Math.abs(w) / max)).toFixed(2);
      const opacity = (0.35 + 0.6 * (Math.abs(w) / max)).toFixed(2);
      const style = `${stroke} ${width} ${opacity}`;
      if (style !== e.style) {
        e.style = style;
        e.line.setAttribute('stroke', stroke);
        e.line.setAttribute('stroke-width', width);
        e.line.setAttribute('stroke-opacity', opacity);
      }
      const title = `${e.name} = ${w.toPrecision(6)}`;
      if (title !== e.shownTitle) e.title.textContent = e.shownTitle = title;
    }
  }
}

function inputNames(n: number): string[] {
  if (n === 3) return ['x1', 'x2', '1 (bias)'];
  return Array.from({ length: n }, (_, i) => `x${i + 1}`);
}
