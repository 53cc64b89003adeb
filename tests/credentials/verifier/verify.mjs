// Digital Bazaar's verifier (@digitalbazaar/vc, the eddsa-rdfc-2022 Data Integrity cryptosuite and the
// Bitstring Status List check), run by the test suite against a credential the tracker issued.
//
//   node verify.mjs <origin> <contexts.json> < credential.json
//
// prints {"verified": bool, "errors": [...], "status": ...}. The document loader serves JSON-LD contexts
// from the installed packages and from the files the tracker bundles (contexts.json maps URL -> path),
// and reads everything else (the issuer's controller document, its keys, the status list) from the
// running tracker at <origin> only: nothing is fetched from the internet, and any other address is an
// error, as a strict verifier would treat it.
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';

const [origin, contextsFile] = process.argv.slice(2);
const contexts = new Map([
  ...credentialsContexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
]);
for(const [url, path] of Object.entries(JSON.parse(readFileSync(contextsFile, 'utf8')))) {
  contexts.set(url, JSON.parse(readFileSync(path, 'utf8')));
}

async function fromTracker(url) {
  if(!url.startsWith(origin + '/')) {
    throw new Error(`refusing to load ${url}: not a context this verifier has, nor on ${origin}`);
  }
  const response = await fetch(url, {headers: {accept: 'application/ld+json, application/json'}});
  if(!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
}

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  const [address, fragment] = url.split('#');
  const document = await fromTracker(address);
  if(fragment === undefined) {
    return {contextUrl: null, documentUrl: url, document};
  }
  // A key named by a fragment of its controller document: the node with that id, given the
  // Multikey context it is written in (as a resolver hands a verification method to a verifier).
  const method = (document.verificationMethod || []).find(node => node.id === url);
  if(!method) {
    throw new Error(`${address} names no verification method ${url}`);
  }
  return {
    contextUrl: null, documentUrl: url,
    document: {'@context': multikeyContext.CONTEXT_URL, ...method}
  };
}

const credential = JSON.parse(readFileSync(0, 'utf8'));
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const result = await vc.verifyCredential({
  credential, suite, documentLoader,
  checkStatus: credential.credentialStatus ? checkStatus : undefined,
});
const errors = [];
const collect = error => {
  if(!error) {
    return;
  }
  for(const one of error.errors || [error]) {
    const event = one.details && one.details.event;
    errors.push((one.message || String(one)) + (event ? ` (${event.code}: ${event.message}${
      event.details && event.details.property ? ' ' + event.details.property : ''}${
      event.details && event.details.type ? ' ' + JSON.stringify(event.details.type) : ''})` : ''));
    if(one.cause) {
      collect(one.cause);
    }
  }
};
collect(result.error);
for(const item of result.results || []) {
  collect(item.error);
  if(item.purposeResult && item.purposeResult.error) {
    collect(item.purposeResult.error);
  }
}
const status = result.statusResult ?
  {verified: result.statusResult.verified, revoked: result.statusResult.results?.[0]?.status ?? null,
   error: result.statusResult.error?.message ?? null} : null;
if(status && status.error) {
  errors.push(status.error);
}
process.stdout.write(JSON.stringify({verified: result.verified === true, errors, status}) + '\n');
