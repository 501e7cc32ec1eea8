// Writes docs/API.md from the contract (npm run docs:api).
import fs from 'node:fs'
import { renderApiDoc } from '../src/core/api-doc'

const source = fs.readFileSync('src/core/contract.ts', 'utf8')
fs.writeFileSync('docs/API.md', renderApiDoc(source))
console.log('docs/API.md written')
