// The names the page shares with the api and the console, as the console rendered them into the page
// (Pages/PageContract.cs): the script keeps no copies of its own.

const element = document.getElementById('dualrobot-contract');

/** @type {{ problemBase: string, kinds: Record<string, string>, directions: string[], stop: string, eyeStates: string[], socketPath: string }} */
export const contract = JSON.parse(element?.textContent ?? '{}');
