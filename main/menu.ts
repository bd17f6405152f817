/**
 * The desktop app's menu bar and its keyboard shortcuts, as a desktop user expects: File
 * (open and save a session, export counters, quit), Run (run, run in step mode, step,
 * continue, stop), View (the five views, theme, zoom). Items name a LabCommand and the
 * renderer carries it out (it owns sessions, exports and views), so the menu needs no state.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { LabCommand } from '../src/api/lab-api.js';

export function installMenu(send: (command: LabCommand) => void, isDev: boolean): void {
  const item = (label: string, command: LabCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => send(command),
  });
  const template: MenuItemConstructorOptions[] = [
    {
      label: '&File',
      submenu: [
        item('&Open session…', 'session.open', 'CmdOrCtrl+O'),
        item('&Save session…', 'session.save', 'CmdOrCtrl+S'),
        { type: 'separator' },
        item('Export counters as &CSV…', 'export.csv', 'CmdOrCtrl+E'),
        item('Export counters as &JSON…', 'export.json'),
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: '&Run',
      submenu: [
        item('&Run program', 'program.run', 'F5'),
        item('Run in step &mode', 'program.runStepping', 'CmdOrCtrl+F5'),
        item('S&tep one call', 'program.step', 'F10'),
        item('&Continue', 'program.continue', 'F8'),
        item('&Stop', 'program.stop', 'Shift+F5'),
      ],
    },
    {
      label: '&View',
      submenu: [
        item('&Dashboard', 'view.dashboard', 'Alt+1'),
        item('&Processes', 'view.processes', 'Alt+2'),
        item('P&hysical memory', 'view.physical', 'Alt+3'),
        item('&Objects', 'view.objects', 'Alt+4'),
        item('&Experiments', 'view.experiments', 'Alt+5'),
        { type: 'separator' },
        item('Switch &theme', 'theme.toggle', 'CmdOrCtrl+Shift+T'),
        { role: 'togglefullscreen' },
        ...(isDev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
