/**
 * CodeMirror extensions that know config.json: the key/value path under the cursor
 * (from the JSON syntax tree, which tolerates half-typed text), completion of field
 * names at that level and of known values (interface types, capabilities, network
 * types), hover docs for each field key, and template `##` lines shown as comments
 * rather than errors. Tooltips are built with DOM text nodes, never innerHTML.
 */
import type { CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { syntaxTree } from '@codemirror/language';
import { RangeSetBuilder, StateField, type EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, hoverTooltip, type DecorationSet } from '@codemirror/view';
import type { SyntaxNode } from '@lezer/common';
import type { PathSeg } from './jsontree';
import type { ModelHelpers } from './model';

const keyText = (state: EditorState, n: SyntaxNode): string => {
  const raw = state.sliceDoc(n.from, n.to);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.replace(/^"|"$/g, '');
  }
};

/** The path of the value `node` belongs to, outermost first (keys as written, array indexes). */
function pathOf(state: EditorState, node: SyntaxNode | null): PathSeg[] {
  const path: PathSeg[] = [];
  let child: SyntaxNode | null = null;
  for (let n: SyntaxNode | null = node; n; child = n, n = n.parent) {
    if (n.name === 'Property') {
      const name = n.getChild('PropertyName');
      // The key itself is not "inside" its value.
      if (name && child !== name) path.unshift(keyText(state, name));
    } else if (n.name === 'Array' && child) {
      let i = 0;
      for (let c = n.firstChild; c && c.from < child.from; c = c.nextSibling) if (!['[', ']', ',', '⚠'].includes(c.name)) i++;
      path.unshift(i);
    }
  }
  return path;
}

export function completionSource(helpers: () => ModelHelpers): CompletionSource {
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/"?[\w./-]*/);
    if (!word || (word.from === word.to && !ctx.explicit)) return null;
    const node = syntaxTree(ctx.state).resolveInner(ctx.pos, -1);
    const quoted = ctx.state.sliceDoc(word.from, word.from + 1) === '"';
    const wrap = (label: string) => (quoted ? `"${label}"` : `"${label}"`);

    // A key: a PropertyName, or a bare spot directly inside an object.
    const inObject = node.name === 'Object' || node.parent?.name === 'Object' || node.name === 'PropertyName';
    if (inObject && (node.name === 'PropertyName' || node.name === 'Object' || node.name === '⚠')) {
      const obj = node.name === 'Object' ? node : node.name === 'PropertyName' ? node.parent?.parent ?? null : node.parent;
      const keys = helpers().keysAt(pathOf(ctx.state, obj));
      if (!keys.length) return null;
      return {
        from: word.from,
        to: node.name === 'PropertyName' ? node.to : undefined,
        options: keys.map((k) => ({ label: wrap(k.label), detail: k.detail, type: 'property', apply: wrap(k.label) })),
        validFor: /^"?[\w]*"?$/,
      };
    }
    // A value: a string in an array or after a key.
    if (node.name === 'String' || node.name === 'Array' || node.name === 'Property') {
      const path = node.name === 'String' ? pathOf(ctx.state, node) : pathOf(ctx.state, node) ;
      const values = helpers().valuesAt(path);
      if (!values.length) return null;
      return {
        from: word.from,
        to: node.name === 'String' ? node.to : undefined,
        options: values.map((v) => ({ label: JSON.stringify(v.label), detail: v.detail, type: 'constant' })),
        validFor: /^"?[\w./-]*"?$/,
      };
    }
    return null;
  };
}

export function hoverDocs(helpers: () => ModelHelpers): Extension {
  return hoverTooltip((view, pos) => {
    const node = syntaxTree(view.state).resolveInner(pos, 1);
    if (node.name !== 'PropertyName') return null;
    const path = pathOf(view.state, node.parent!.parent);
    path.push(keyText(view.state, node));
    const doc = helpers().docFor(path);
    if (!doc) return null;
    return {
      pos: node.from,
      end: node.to,
      above: true,
      create() {
        const dom = document.createElement('div');
        dom.className = 'editor-hover';
        const title = dom.appendChild(document.createElement('div'));
        title.className = 'editor-hover-title';
        title.textContent = doc.name;
        const p = dom.appendChild(document.createElement('p'));
        p.textContent = doc.meaning;
        if (doc.rule) {
          const r = dom.appendChild(document.createElement('p'));
          r.className = 'editor-hover-rule';
          r.textContent = doc.rule;
        }
        if (doc.values?.length) {
          const v = dom.appendChild(document.createElement('p'));
          v.className = 'editor-hover-values';
          v.textContent = doc.values.join(' · ');
        }
        return { dom };
      },
    };
  });
}

const templateLine = Decoration.line({ class: 'cm-template-line' });

function templateDecorations(state: EditorState): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  for (let i = 1; i <= state.doc.lines; i++) {
    const line = state.doc.line(i);
    if (/^\s*##/.test(line.text)) b.add(line.from, line.from, templateLine);
  }
  return b.finish();
}

/** In template mode, `##` lines look like the comments they are (not like errors). */
export function templateLines(enabled: boolean): Extension {
  if (!enabled) return [];
  return StateField.define<DecorationSet>({
    create: templateDecorations,
    update: (deco, tr) => (tr.docChanged ? templateDecorations(tr.state) : deco),
    provide: (f) => EditorView.decorations.from(f),
  });
}
