// Copies axe-core (MPL-2.0), the accessibility checker the real-browser tests
// inject into each page (org.evidencevault.web.browser.BrowserSupport), into
// the test resources: src/test/resources/axe/. Test scope only; never served
// by the app. Run by `npm run vendor` (after vendor.mjs), after `npm ci`.
// Node built-ins only.
//
// The files are taken, unchanged, from the npm tarball itself (found in npm's
// cache and checked against package-lock.json's integrity), not from
// node_modules: axe.min.js keeps its MPL notice, which must appear in every
// copy. Written: axe.min.js, LICENSE (MPL-2.0), LICENSE-3RD-PARTY.txt (the MIT
// notices of the code bundled into axe.min.js), VERSION.

import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { homedir } from 'node:os'
import { gunzipSync } from 'node:zlib'

const NAME = 'axe-core'
const FILES = ['axe.min.js', 'LICENSE', 'LICENSE-3RD-PARTY.txt']

const here = dirname(fileURLToPath(import.meta.url))
const pkgDir = join(here, 'node_modules', NAME)
const out = join(here, '..', 'src', 'test', 'resources', 'axe')

const fail = (message) => {
  console.error(`vendor-test: ${message}`)
  process.exit(1)
}

// ---- which version, and is it the one package-lock.json pins? --------------
const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'))
const locked = lock.packages?.[`node_modules/${NAME}`]
if (!locked) fail(`${NAME} is not in package-lock.json`)
if (!/^4\.\d+\.\d+$/.test(locked.version)) fail(`expected an exact 4.x version, package-lock.json pins ${locked.version}`)
if (!existsSync(join(pkgDir, 'package.json'))) fail(`node_modules/${NAME} is missing: run \`npm ci\` first`)
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
if (pkg.version !== locked.version) fail(`installed ${pkg.version} but package-lock.json pins ${locked.version}: run \`npm ci\``)
if (pkg.license !== 'MPL-2.0') fail(`expected the MPL-2.0 licence, package.json says ${pkg.license}`)

// ---- the tarball npm verified, from its cache (cacache, by sha512) ----------
const [algo, b64] = locked.integrity.split('-')
const hex = Buffer.from(b64, 'base64').toString('hex')
const cache = process.env.npm_config_cache || join(homedir(), '.npm')
const tarball = join(cache, '_cacache', 'content-v2', algo, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4))
if (!existsSync(tarball)) fail(`the ${NAME}@${pkg.version} tarball is not in the npm cache (${cache}): run \`npm ci\` first`)
const tgz = readFileSync(tarball)
if (createHash(algo).update(tgz).digest('base64') !== b64) fail('the cached tarball does not match package-lock.json')

// a minimal ustar reader: regular files only, name = prefix + "/" + name
function untar (tar) {
  const files = new Map()
  const text = (from, length) => tar.toString('utf8', from, from + length).replace(/\0.*$/s, '')
  for (let at = 0; at + 512 <= tar.length;) {
    if (tar.subarray(at, at + 512).every((b) => b === 0)) break
    const name = text(at, 100)
    const size = parseInt(text(at + 124, 12).trim() || '0', 8)
    const type = String.fromCharCode(tar[at + 156] || 48) // '0' (or NUL) = a regular file
    const prefix = text(at + 345, 155)
    if (type === '0') files.set(prefix ? `${prefix}/${name}` : name, tar.subarray(at + 512, at + 512 + size))
    at += 512 + Math.ceil(size / 512) * 512
  }
  return files
}
const inTarball = untar(gunzipSync(tgz))

// ---- write ------------------------------------------------------------------
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
for (const f of FILES) {
  const data = inTarball.get(`package/${f}`)
  if (!data) fail(`the tarball has no ${f}`)
  // node_modules must hold the same bytes, else `npm ci` was not run after a change
  if (existsSync(join(pkgDir, f)) && !readFileSync(join(pkgDir, f)).equals(data)) fail(`node_modules/${NAME}/${f} differs from the tarball: run \`npm ci\``)
  writeFileSync(join(out, f), data)
}
const js = readFileSync(join(out, 'axe.min.js'), 'utf8')
if (!js.startsWith(`/*! axe v${pkg.version}\n`) || !js.includes('Mozilla Public')) fail('axe.min.js does not start with its version and MPL notice')

const sha256 = (data) => createHash('sha256').update(data).digest('hex')
const version = [
  `${NAME} ${pkg.version}`,
  `integrity ${locked.integrity}`,
  `tarball-sha256 ${sha256(tgz)}`,
  'files (sha256):',
  ...FILES.map((f) => `  ${sha256(readFileSync(join(out, f)))}  ${f}`),
  ''
].join('\n')
writeFileSync(join(out, 'VERSION'), version)

// ---- report -----------------------------------------------------------------
let total = 0
for (const f of [...FILES, 'VERSION']) {
  const size = readFileSync(join(out, f)).length
  total += size
  console.log(`${String(size).padStart(8)}  ${f}`)
}
console.log(`${String(total).padStart(8)}  total in ${relative(join(here, '..'), out)} (${NAME} ${pkg.version})`)
