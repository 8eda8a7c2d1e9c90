// Finds where a JSON path ("$.aggregations[0].fieldName", as the node's errors name it) is in the editor's text.

/** [start, end] offsets of the value at path, or of its nearest ancestor that the text holds; null when none. */
export function locatePath(text, path) {
  const spans = scan(text);
  const segments = [...(path ?? '').matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/g)].map(m => m[2] ?? m[1] ?? m[3]);
  for (let n = segments.length; n >= 0; n--) {
    const span = spans.get(key(segments.slice(0, n)));
    if (span) return span;
  }
  return null;
}

const key = segments => segments.join('\u0000');

/** Every value's span by its path, as far as the text parses. */
function scan(text) {
  const spans = new Map();
  let i = 0;
  const space = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = path => {
    space();
    const start = i;
    try {
      element(path, start);
    } finally {
      // A value cut short by a fault spans up to the fault.
      spans.set(key(path), [start, i]);
    }
  };
  const element = (path, start) => {
    if (text[i] === '{') {
      i++;
      space();
      while (text[i] !== '}') {
        space();
        const name = string();
        space();
        if (text[i++] !== ':') throw new SyntaxError('expected :');
        value([...path, name]);
        space();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') throw new SyntaxError('expected , or }');
      }
      i++;
    } else if (text[i] === '[') {
      i++;
      space();
      for (let n = 0; text[i] !== ']'; n++) {
        value([...path, String(n)]);
        space();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') throw new SyntaxError('expected , or ]');
      }
      i++;
    } else if (text[i] === '"') {
      string();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
      if (i === start) throw new SyntaxError('expected a value');
    }
  };
  try {
    value([]);
  } catch {
    // A query that does not parse still has the spans read before the fault.
  }
  return spans;
}
