// Writes docs/API.md from the contract (npm run docs:api).
import fs from 'node:fs'
import { readContractSources, renderApiDoc } from '../src/core/api-doc'

fs.writeFileSync('docs/API.md', renderApiDoc(readContractSources('.')))
console.log('docs/API.md written')
