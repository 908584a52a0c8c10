// A robot card's buttons that each send one command, named by the markup alone:
// <button type="button" data-robot-command="wink" data-body='{"times":2}'>. A new command's button needs no script.

export function attachCommandButtons(root, client, cards) {
  for (const button of root.querySelectorAll('button[data-robot-command]')) {
    const robot = button.closest('[data-robot-card]')?.dataset.robot;
    if (!robot) continue;
    button.addEventListener('click', async (event) => {
      event.preventDefault();
      const body = button.dataset.body ? JSON.parse(button.dataset.body) : {};
      cards.say(robot, await client.command(robot, button.dataset.robotCommand, body, { control: button }));
    });
  }
}
