// "Last command": the round trip of the operator's last command, like a ping readout (lease renewals are the page's,
// not the operator's, and are not counted). Several commands sent as one (Space stops every robot) read as one line
// once all have answered: "stop every robot (Linus, Torvalds): 4 ms", with the slowest round trip.

/** The readout's text for one command, or for several answered together ({ what, result }[]). Pure. */
export function readoutText(what, results) {
  const failed = results.filter(({ result }) => !result.ok);
  const slowest = Math.max(...results.map(({ result }) => result.ms ?? 0));
  const noAnswer = failed.some(({ result }) => result.status === 0);
  const time = noAnswer ? 'no answer' : `${Math.round(slowest)} ms`;
  const refused = failed.filter(({ result }) => result.status !== 0).map(({ result }) => result.status);
  return `${what}: ${time}${refused.length > 0 ? ` (${[...new Set(refused)].join(', ')})` : ''}`;
}

export function createReadout(output) {
  const groups = []; // { pending: Set(what), order: what[], answers: [], label, resolve }

  function show(text, ok) {
    if (!output) return;
    output.textContent = text;
    output.dataset.ok = String(ok);
  }

  return {
    /** What the control client answered (its onAnswer): shown, unless it belongs to commands sent together. */
    answer(what, result) {
      if (what.startsWith('heartbeat')) return;
      const group = groups.find((candidate) => candidate.pending.has(what));
      if (!group) {
        show(readoutText(what, [{ what, result }]), result.ok);
        return;
      }
      group.pending.delete(what);
      group.answers.push({ what, result });
      if (group.pending.size > 0) return;
      groups.splice(groups.indexOf(group), 1);
      const names = group.order.map((one) => one.split(' ').slice(1).join(' ')).join(', ');
      show(readoutText(`${group.label} (${names})`, group.answers), group.answers.every(({ result }) => result.ok));
      group.resolve();
    },
    /** The next answers to these commands read as one line under `label`; resolves once all have answered. */
    together(whats, label) {
      return new Promise((resolve) => groups.push({ pending: new Set(whats), order: whats, answers: [], label, resolve }));
    },
  };
}
