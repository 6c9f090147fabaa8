// What UI tests use: a rendered workbench to drive with Playwright, and screenshots of it.
export { startVsCodeForUi, type UiSession, type UiSessionOptions } from './uiSession';
export { takeScreenshot } from './screenshot';
export { recordStatusBar, type StatusBarRecording } from './statusBarRecording';
export { recordDeploySteps, type DeployStepsRecording } from './deployStepsRecording';
export { localServiceAccess, type LocalServiceAccess } from './localService';
export { startWithIrisOnLocal, type IrisOnLocal } from './irisOnLocal';
