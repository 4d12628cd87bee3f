// Copies the compiled CSS and JS of govuk-frontend from node_modules into the
// app's static resources, without GOV.UK branding (crown/crest images, GDS
// Transport font, favicons, app icons, manifest). Run with `npm run vendor`
// after `npm ci`. Node built-ins only.
//
// Text transforms applied (and nothing else):
//   CSS: 1. the @font-face rules whose src points at assets/fonts/ (the GDS
//           Transport files, which are not vendored) are removed, with the
//           font's "exclusive use on gov.uk" copyright comment; the
//           font-family stacks stay `"GDS Transport", arial, sans-serif`,
//           so browsers fall back to arial / the system sans-serif.
//        2. the rules for `.govuk-footer__copyright-logo:before` (which draw
//           the Royal Arms crest from assets/images/govuk-crest.svg) are
//           removed; at-rules (@supports, @media) left empty are removed too.
//        3. the sourceMappingURL comment is removed (the .map is not vendored).
//        Afterwards every url(...) left must point at a vendored file, or the
//        script fails.
//   JS:  the sourceMappingURL comment is removed; nothing else.

import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { homedir } from 'node:os'

const here = dirname(fileURLToPath(import.meta.url))
const pkgDir = join(here, 'node_modules', 'govuk-frontend')
const dist = join(pkgDir, 'dist', 'govuk')
const out = join(here, '..', 'src', 'main', 'resources', 'static', 'vendor', 'govuk-frontend')

const fail = (message) => {
  console.error(`vendor: ${message}`)
  process.exit(1)
}

// ---- which version, and is it the one package-lock.json pins? --------------
const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'))
const locked = lock.packages?.['node_modules/govuk-frontend']
if (!locked) fail('govuk-frontend is not in package-lock.json')
if (!existsSync(join(pkgDir, 'package.json'))) fail('node_modules/govuk-frontend is missing: run `npm ci` first')
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
if (pkg.version !== locked.version) fail(`installed ${pkg.version} but package-lock.json pins ${locked.version}: run \`npm ci\``)
if (pkg.license !== 'MIT') fail(`expected an MIT licence, package.json says ${pkg.license}`)

// ---- branding that must never be vendored -----------------------------------
// (paths relative to dist/govuk/)
const BRANDED = [
  /^assets\/fonts\//, // GDS Transport
  /^assets\/rebrand\//, // 2025 crown assets
  /manifest\.json$/,
  /crest|crown|favicon|govuk-icon|opengraph/i
]
const isBranded = (path) => BRANDED.some((re) => re.test(path))

// ---- a minimal CSS block scanner (keeps source offsets) ----------------------
// Returns nodes {start, end, prelude, children|null, kind} over `css`, where
// children is set for blocks that contain rules (@media, @supports, ...).
function scan (css, from = 0, to = css.length) {
  const nodes = []
  let i = from
  let start = from
  const skipString = (j) => {
    const q = css[j]
    for (j++; j < to && css[j] !== q; j++) if (css[j] === '\\') j++
    return j + 1
  }
  while (i < to) {
    const c = css[i]
    if (c === '"' || c === "'") { i = skipString(i); continue }
    if (c === '/' && css[i + 1] === '*') {
      const e = css.indexOf('*/', i + 2)
      const end = e < 0 ? to : e + 2
      if (css.slice(start, i).trim() === '') {
        nodes.push({ kind: 'comment', start: i, end, text: css.slice(i, end) })
        start = end
      }
      i = end
      continue
    }
    if (c === ';') { // a statement at-rule such as @charset / @import
      nodes.push({ kind: 'statement', start, end: i + 1, prelude: css.slice(start, i).trim() })
      start = i = i + 1
      continue
    }
    if (c === '{') {
      // find the matching brace
      let depth = 1
      let j = i + 1
      let nested = false
      while (j < to && depth > 0) {
        const d = css[j]
        if (d === '"' || d === "'") { j = skipString(j); continue }
        if (d === '/' && css[j + 1] === '*') { const e = css.indexOf('*/', j + 2); j = e < 0 ? to : e + 2; continue }
        if (d === '{') { depth++; nested = true } else if (d === '}') depth--
        j++
      }
      if (depth !== 0) fail('unbalanced braces in CSS')
      const prelude = css.slice(start, i).trim()
      nodes.push({
        kind: prelude.startsWith('@') ? 'at' : 'rule',
        start,
        end: j,
        prelude,
        body: css.slice(i + 1, j - 1),
        children: nested ? scan(css, i + 1, j - 1) : null
      })
      start = i = j
      continue
    }
    i++
  }
  return nodes
}

const urlsIn = (text) => [...text.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/g)].map((m) => m[2])
const toAsset = (url) => url.replace(/^\//, '') // "/assets/x" -> "assets/x"

function transformCss (css) {
  const cuts = [] // [start, end) ranges to remove
  const removed = { fontFace: 0, crest: 0, comments: 0, emptyAtRules: 0 }
  const visit = (nodes) => {
    let kept = 0
    for (const n of nodes) {
      if (n.kind === 'comment') {
        if (/sourceMappingURL=/.test(n.text) || /Margaret Calvert|exclusive use on gov\.uk/.test(n.text)) {
          cuts.push([n.start, n.end]); removed.comments++
        }
        continue
      }
      if (n.kind === 'at' && /^@font-face\b/i.test(n.prelude) && urlsIn(n.body).some((u) => /^assets\/fonts\//.test(toAsset(u)))) {
        cuts.push([n.start, n.end]); removed.fontFace++
        continue
      }
      if (n.kind === 'rule' && n.prelude.split(',').every((s) => s.trim() === '.govuk-footer__copyright-logo:before')) {
        cuts.push([n.start, n.end]); removed.crest++
        continue
      }
      if (n.children) {
        const inner = visit(n.children)
        if (inner === 0) { cuts.push([n.start, n.end]); removed.emptyAtRules++; continue }
      }
      kept++
    }
    return kept
  }
  visit(scan(css))
  // remove outermost ranges only (nested cuts are inside an outer cut)
  cuts.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  let result = ''
  let pos = 0
  for (const [s, e] of cuts) {
    if (s < pos) continue
    result += css.slice(pos, s)
    pos = e
  }
  result += css.slice(pos)
  return { css: result.replace(/\n+$/, '') + '\n', removed }
}

// ---- build ------------------------------------------------------------------
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

const srcCss = readFileSync(join(dist, 'govuk-frontend.min.css'), 'utf8')
const { css, removed } = transformCss(srcCss)
if (removed.fontFace === 0) fail('no GDS Transport @font-face rule found: the CSS changed, check the transform')

// every url() left must be a non-branded asset that exists; copy those
const copiedAssets = []
let cssOut = css
for (const url of new Set(urlsIn(css))) {
  if (/^data:/i.test(url)) continue
  if (/^[a-z]+:|^\/\//i.test(url)) fail(`CSS refers to an external URL: ${url}`)
  const asset = toAsset(url)
  if (isBranded(asset)) fail(`CSS still refers to branded asset ${url}: extend the transform`)
  const src = join(dist, asset)
  if (!existsSync(src)) fail(`CSS refers to ${url}, which the package does not ship`)
  mkdirSync(dirname(join(out, asset)), { recursive: true })
  copyFileSync(src, join(out, asset))
  copiedAssets.push(asset)
  // the compiled CSS uses root-absolute "/assets/..." paths; make them relative
  // to the CSS file so they resolve under /vendor/govuk-frontend/
  cssOut = cssOut.split(`url(${url})`).join(`url(${asset})`)
}
writeFileSync(join(out, 'govuk-frontend.min.css'), cssOut)

const srcJs = readFileSync(join(dist, 'govuk-frontend.min.js'), 'utf8')
const js = srcJs.replace(/\/\/# sourceMappingURL=\S+\s*$/, '').replace(/\s+$/, '') + '\n'
if (/sourceMappingURL/.test(js)) fail('sourceMappingURL left in the JS')
// a single self-contained ES module is expected (no static or dynamic imports)
if (/\bimport\s*(["'{*(]|[\w$]+\s*(,|from\b))/.test(js)) fail('the JS bundle seems to import other files: check by hand')
writeFileSync(join(out, 'govuk-frontend.min.js'), js)

// the npm package does not ship its LICENSE.txt; use it if a later version
// does, else write the repository's LICENSE.txt (MIT), verbatim.
const licenceFile = join(pkgDir, 'LICENSE.txt')
const LICENCE = `The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`
if (existsSync(licenceFile)) copyFileSync(licenceFile, join(out, 'LICENSE.txt'))
else writeFileSync(join(out, 'LICENSE.txt'), LICENCE)

// the tarball npm verified against package-lock's integrity is in npm's cache
// (cacache, content-addressed by the sha512); hash it with SHA-256 as well
const [algo, b64] = locked.integrity.split('-')
const hex = Buffer.from(b64, 'base64').toString('hex')
const cache = process.env.npm_config_cache || join(homedir(), '.npm')
const tarball = join(cache, '_cacache', 'content-v2', algo, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4))
if (!existsSync(tarball)) fail(`the ${pkg.name}@${pkg.version} tarball is not in the npm cache (${cache}): run \`npm ci\` first`)
const tgz = readFileSync(tarball)
if (createHash(algo).update(tgz).digest('base64') !== b64) fail('the cached tarball does not match package-lock.json')

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex')
const files = []
const walk = (dir) => readdirSync(dir).sort().forEach((name) => {
  const p = join(dir, name)
  statSync(p).isDirectory() ? walk(p) : files.push(relative(out, p).split('\\').join('/'))
})
walk(out)
const version = [
  `govuk-frontend ${pkg.version}`,
  `integrity ${locked.integrity}`,
  `tarball-sha256 ${createHash('sha256').update(tgz).digest('hex')}`,
  'files (sha256):',
  ...files.map((f) => `  ${sha256(join(out, f))}  ${f}`),
  ''
].join('\n')
writeFileSync(join(out, 'VERSION'), version)

// ---- report -----------------------------------------------------------------
const finalCss = readFileSync(join(out, 'govuk-frontend.min.css'), 'utf8')
const dataUrls = urlsIn(finalCss).filter((u) => /^data:/i.test(u))
let total = 0
for (const f of [...files, 'VERSION']) {
  const size = statSync(join(out, f)).size
  total += size
  console.log(`${String(size).padStart(8)}  ${f}`)
}
console.log(`${String(total).padStart(8)}  total in ${relative(join(here, '..'), out)}`)
console.log(`removed: ${removed.fontFace} @font-face, ${removed.crest} crest rules, ${removed.emptyAtRules} emptied at-rules, ${removed.comments} comments`)
console.log(`url() left in CSS: ${urlsIn(finalCss).length} (data: ${dataUrls.length}); assets copied: ${copiedAssets.length ? copiedAssets.join(', ') : 'none'}`)
