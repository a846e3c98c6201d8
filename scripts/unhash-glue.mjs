// Drops wasm-bindgen's hashes from the names that tie a wasm module to its
// JavaScript glue: trunk's post-build hook (Trunk.toml), run on the staging
// dir of every build (see README, "Design decisions": the page's download).
//
//   node scripts/unhash-glue.mjs [DIR]          (default $TRUNK_STAGING_DIR)
//   node scripts/unhash-glue.mjs --wasm FILE    (the wasm alone, in place)
//
// wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` (and each
// closure's export `..._invoke__h<16 hex digits>`), so that two crates'
// bindings never clash at link time. After the link the hashes only have to
// match between the module and its glue, but they are random to gzip: 176
// imports cost the page 2.7 KB of wasm and 2.0 KB of JS gzipped. Here each
// such name loses its hash (`__wbg_push`, the next clash `__wbg_error_2`),
// in the module's import and export sections and, word for word, in the
// glue beside it (`X.js` for `X_bg.wasm`); then index.html's integrity
// attributes of the changed files are computed again. In a release build
// (TRUNK_PROFILE=release, as trunk sets it) the imports are numbered
// instead (`_0`, `_1`, ... in base 36: 1.3 KB less for the page), as
// the release module's own function names are stripped too; a debug build
// keeps the names. Any surprise (a name not found in the glue, a new name
// already in it, an unknown section layout) fails the build rather than
// leave a module and glue that disagree.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Release builds number the imports (see the comment above). */
const NUMBERED = process.env.TRUNK_PROFILE === 'release';
const HASHED = /^(.*?)_{1,2}h?[0-9a-f]{16}(_\d+)?$/;

function fail(why) {
  console.error(`unhash-glue: error: ${why}`);
  process.exit(1);
}

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at];
    at += 1;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

function readName(bytes, at) {
  const [length, start] = readLeb(bytes, at);
  return [bytes.subarray(start, start + length).toString('utf8'), start + length];
}

function name(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([leb(bytes.length), bytes]);
}

/** Where an import's description (after its two names) ends. */
function importDescriptionEnd(bytes, at) {
  const limits = (i) => {
    const flags = bytes[i];
    let [, next] = readLeb(bytes, i + 1);
    if (flags & 1) [, next] = readLeb(bytes, next);
    return next;
  };
  switch (bytes[at]) {
    case 0: return readLeb(bytes, at + 1)[1]; // function: type index
    case 1: return limits(at + 2); // table: element type, limits
    case 2: return limits(at + 1); // memory: limits
    case 3: return at + 3; // global: value type, mutability
    default: return fail(`unknown import kind ${bytes[at]}`);
  }
}

/**
 * The module with hash-free names, and the renames (old name -> new name).
 * Import and export names are renamed in one namespace so that no two new
 * names are equal.
 */
function unhashModule(bytes, numbered) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) fail('not a wasm module');
  const renames = new Map();
  const taken = new Set();
  const rename = (old, isImport) => {
    const hashed = HASHED.exec(old);
    if (!hashed) return old;
    let fresh = hashed[1];
    if (numbered && isImport) {
      fresh = `_${renames.size.toString(36)}`;
      if (taken.has(fresh)) fail(`the module already has a name ${fresh}`);
    }
    for (let n = 2; taken.has(fresh); n += 1) fresh = `${hashed[1]}_${n}`;
    taken.add(fresh);
    renames.set(old, fresh);
    return fresh;
  };
  const sections = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    sections.push({ id, body: bytes.subarray(start, start + size) });
    at = start + size;
  }
  // Each entry of an import or export section, copied by `each`.
  const entries = (section, each) => {
    let [count, i] = readLeb(section.body, 0);
    const out = [leb(count)];
    for (; count > 0; count -= 1) i = each(section.body, i, out);
    return Buffer.concat(out);
  };
  const importsOf = (body, i) => {
    const [module, afterModule] = readName(body, i);
    const [field, afterField] = readName(body, afterModule);
    const end = importDescriptionEnd(body, afterField);
    return [module, field, body.subarray(afterField, end), end];
  };
  // Names that stay as they are are taken first.
  for (const section of sections) {
    if (section.id === 2) {
      entries(section, (body, i) => {
        const [, field, , end] = importsOf(body, i);
        if (!HASHED.test(field)) taken.add(field);
        return end;
      });
    } else if (section.id === 7) {
      entries(section, (body, i) => {
        const [field, after] = readName(body, i);
        if (!HASHED.test(field)) taken.add(field);
        return readLeb(body, after + 1)[1];
      });
    }
  }
  const out = [bytes.subarray(0, 8)];
  for (const section of sections) {
    let body = section.body;
    if (section.id === 2) {
      body = entries(section, (b, i, parts) => {
        const [module, field, description, end] = importsOf(b, i);
        parts.push(name(module), name(rename(field, true)), description);
        return end;
      });
    } else if (section.id === 7) {
      body = entries(section, (b, i, parts) => {
        const [field, after] = readName(b, i);
        const end = readLeb(b, after + 1)[1];
        parts.push(name(rename(field, false)), b.subarray(after, end));
        return end;
      });
    }
    out.push(Buffer.from([section.id]), leb(body.length), body);
  }
  return [Buffer.concat(out), renames];
}

/** The glue with each renamed name replaced where it stands as a whole word. */
function unhashGlue(glue, renames, file) {
  for (const fresh of renames.values()) {
    if (new RegExp(`(?<![\\w$])${fresh}(?![\\w$])`).test(glue)) fail(`${file} already names ${fresh}`);
  }
  for (const [old, fresh] of renames) {
    const word = new RegExp(`(?<![\\w$])${old}(?![\\w$])`, 'g');
    const found = glue.match(word)?.length ?? 0;
    if (found === 0) fail(`${file} does not name ${old}`);
    glue = glue.replace(word, fresh);
  }
  return glue;
}

function sha384(bytes) {
  return `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;
}

function unhashDir(dir) {
  const changed = new Map();
  for (const wasmName of fs.readdirSync(dir).filter((f) => f.endsWith('_bg.wasm'))) {
    const wasmPath = path.join(dir, wasmName);
    const gluePath = path.join(dir, wasmName.replace(/_bg\.wasm$/, '.js'));
    if (!fs.existsSync(gluePath)) fail(`no glue ${gluePath} beside ${wasmPath}`);
    const [module, renames] = unhashModule(fs.readFileSync(wasmPath), NUMBERED);
    const glue = unhashGlue(fs.readFileSync(gluePath, 'utf8'), renames, gluePath);
    fs.writeFileSync(wasmPath, module);
    fs.writeFileSync(gluePath, glue);
    changed.set(path.basename(wasmPath), module);
    changed.set(path.basename(gluePath), Buffer.from(glue));
    console.log(`unhash-glue: ${wasmName}: ${renames.size} names`);
  }
  const htmlPath = path.join(dir, 'index.html');
  if (fs.existsSync(htmlPath)) {
    const html = fs.readFileSync(htmlPath, 'utf8').replace(/<link\b[^>]*>/g, (tag) => {
      const href = /\bhref="(?:\.\/)?([^"]+)"/.exec(tag);
      if (!href || !changed.has(href[1]) || !/\bintegrity="/.test(tag)) return tag;
      return tag.replace(/\bintegrity="[^"]*"/, `integrity="${sha384(changed.get(href[1]))}"`);
    });
    fs.writeFileSync(htmlPath, html);
  }
}

const args = process.argv.slice(2);
if (args[0] === '--wasm') {
  if (!args[1]) fail('--wasm needs a file');
  fs.writeFileSync(args[1], unhashModule(fs.readFileSync(args[1]), NUMBERED)[0]);
} else {
  const dir = args[0] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) fail('no directory given and no TRUNK_STAGING_DIR');
  unhashDir(dir);
}
