// The names the page shares with the api and the console, as the console rendered them into the page
// (Pages/PageContract.cs): the script keeps no copies of its own.

const element = document.querySelector('meta[name="dualrobot-contract"]');

/**
 * problemBase: the problem types' base without its scheme (the page names no other site's address).
 * @type {{ problemBase: string, kinds: Record<string, string>, directions: string[], stop: string, eyeStates: string[], socketPath: string, deadlineHeader: string }}
 */
export const contract = JSON.parse(element?.content ?? '{}');
