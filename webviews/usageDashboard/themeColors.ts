/** The colours a chart is drawn in, read from the VS Code theme (a canvas cannot use CSS variables itself). */
export interface ThemeColors {
  foreground: string;
  grid: string;
  fontFamily: string;
  green: string;
  orange: string;
  yellow: string;
  red: string;
  purple: string;
  blue: string;
}

/**
 * The theme's chart colours (`--vscode-charts-*`, which every theme defines for charts) and its text and border
 * colours; a value a theme leaves out falls back to one readable on light and dark backgrounds alike.
 */
export function themeColors(): ThemeColors {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    foreground: read('--vscode-descriptionForeground', read('--vscode-foreground', '#808080')),
    // Grid lines: the theme's chart lines colour (already faint), else its widget border.
    grid: read('--vscode-charts-lines', read('--vscode-widget-border', 'rgba(128, 128, 128, 0.35)')),
    fontFamily: read('--vscode-font-family', 'sans-serif'),
    green: read('--vscode-charts-green', '#388a34'),
    orange: read('--vscode-charts-orange', '#d18616'),
    yellow: read('--vscode-charts-yellow', '#bf8803'),
    red: read('--vscode-charts-red', '#e51400'),
    purple: read('--vscode-charts-purple', '#652d90'),
    blue: read('--vscode-charts-blue', '#1a85ff'),
  };
}
