/** The dashboard's style sheet, served at /dashboard/dashboard.css (the CSP allows no inline style). */
export const DASHBOARD_CSS = `
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 16px 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2329; background: #f5f6f7; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 20px 0 8px; }
section { background: #fff; border: 1px solid #dee0e3; border-radius: 8px; padding: 4px 16px 12px; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { text-align: left; background: #f2f3f5; }
th, td { border-bottom: 1px solid #e8e9eb; padding: 5px 8px; vertical-align: top; word-break: break-word; }
.muted, .none, .empty { color: #8f959e; }
.mono { font-family: ui-monospace, monospace; font-size: 12px; }
a.evidence { font-family: ui-monospace, monospace; font-size: 12px; color: #245bdb; }
.warn, .verdict-too-old, .verdict-no-drill, .gate-MISSING, .gate-PARTIAL, .outcome-failed, .outcome-stale, .outcome-verify-failed { color: #d83931; font-weight: 600; }
.verdict-within-rule, .gate-PASS, .outcome-applied { color: #2ea121; font-weight: 600; }
.outcome-rolled-back { color: #7f3bf5; font-weight: 600; }
pre { background: #fff; border: 1px solid #dee0e3; padding: 12px; overflow: auto; }
`;
