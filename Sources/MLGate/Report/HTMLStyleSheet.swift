extension HTMLRenderer {
    /// The page's styles: readable on screen, plain on paper.
    static let styleSheet = """
        :root { color-scheme: light; --passed: #1a7f37; --failed: #cf222e; --warning: #9a6700; --skipped: #57606a;
          --error: #8250df; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --bar: #0969da;
          --reference: #0072b2; --current: #e69f00; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
        h1 { font-size: 26px; margin: 0; }
        h2 { font-size: 21px; margin: 0 0 4px; }
        h3 { font-size: 17px; margin: 20px 0 4px; }
        code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
        .verdict { border-left: 8px solid var(--muted); border-radius: 6px; padding: 12px 20px; margin-bottom: 16px; }
        .verdict p { margin: 4px 0 0; }
        .verdict.status-passed { border-color: var(--passed); background: #dafbe1; }
        .verdict.status-passed h1 { color: var(--passed); }
        .verdict.status-failed { border-color: var(--failed); background: #ffebe9; }
        .verdict.status-failed h1 { color: var(--failed); }
        .verdict.status-error { border-color: var(--error); background: #fbefff; }
        .verdict.status-error h1 { color: var(--error); }
        .meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 16px; }
        .meta dt { color: var(--muted); }
        .meta dd { margin: 0; }
        .totals { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; padding: 0; margin: 0 0 24px; }
        .totals li { border: 1px solid var(--line); border-top: 4px solid var(--line); border-radius: 6px;
          padding: 6px 14px; min-width: 100px; color: var(--muted); }
        .totals .count { display: block; font-size: 22px; font-weight: 600; color: var(--ink); }
        .totals .outcome-passed { border-top-color: var(--passed); }
        .totals .outcome-failed { border-top-color: var(--failed); }
        .totals .outcome-warning { border-top-color: var(--warning); }
        .totals .outcome-error { border-top-color: var(--error); }
        .totals .outcome-skipped { border-top-color: var(--skipped); }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
        caption { caption-side: top; text-align: left; color: var(--muted); font-size: 13px; padding-bottom: 4px; }
        th, td { border-bottom: 1px solid var(--line); padding: 6px 10px; text-align: left; vertical-align: top; }
        thead th { background: var(--soft); border-bottom: 2px solid var(--line); font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        th.num { white-space: normal; }
        .groups th, .groups td { padding: 5px 8px; }
        .groups th[scope="row"] { white-space: nowrap; }
        .scroll { overflow-x: auto; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
          line-height: 18px; color: #fff; background: var(--muted); white-space: nowrap; vertical-align: 2px; }
        .status-passed.badge, .outcome-passed.badge { background: var(--passed); }
        .status-failed.badge, .outcome-failed.badge { background: var(--failed); }
        .status-error.badge, .outcome-error.badge { background: var(--error); }
        .outcome-warning.badge { background: var(--warning); }
        .outcome-skipped.badge { background: var(--skipped); }
        .badge.drifted { background: var(--warning); }
        .badge.no-drift { background: var(--passed); }
        .checks td:first-child { width: 7em; }
        .checks th[scope="row"] { width: 24%; overflow-wrap: break-word; }
        .checks td:last-child { width: 16em; }
        .sub { display: block; color: var(--muted); font-size: 12px; font-weight: normal; }
        .kind { color: var(--muted); font-size: 14px; font-weight: normal; }
        .gate-meta { color: var(--muted); margin: 0 0 8px; }
        .message { white-space: pre-line; overflow-wrap: anywhere; }
        details { margin-top: 4px; }
        summary { cursor: pointer; color: var(--muted); font-size: 13px; }
        details pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--soft); padding: 6px 8px;
          margin: 4px 0 0; border-radius: 4px; }
        .measurements { list-style: none; margin: 0; padding: 0; font-size: 13px; font-variant-numeric: tabular-nums;
          overflow-wrap: anywhere; }
        .measurements .name { color: var(--muted); }
        .mark { display: inline-block; font-size: 11px; font-weight: normal; border: 1px solid var(--line);
          border-radius: 8px; padding: 0 6px; color: var(--muted); }
        tr.not-judged th, tr.not-judged td { color: var(--muted); }
        tr.overall th, tr.overall td { font-weight: 600; border-top: 2px solid var(--line); }
        tr.drifted { background: #fff8c5; }
        tr.drifted .drift-verdict { font-weight: 600; color: var(--warning); }
        .drift-verdict { white-space: nowrap; }
        section.gate { margin-top: 32px; padding-top: 12px; border-top: 1px solid var(--line); }
        .charts { display: flex; flex-wrap: wrap; gap: 16px 32px; align-items: flex-end; }
        .charts.histograms { align-items: flex-start; }
        figure { margin: 8px 0; }
        figcaption { max-width: 540px; color: var(--muted); font-size: 13px; margin-bottom: 4px; }
        figcaption strong { display: block; color: var(--ink); font-size: 14px; }
        svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
        svg text { font-size: 12px; fill: var(--ink); }
        svg .tick { font-size: 11px; fill: var(--muted); }
        svg .axis-title { font-size: 12px; fill: var(--muted); }
        svg .grid { stroke: #eaeef2; stroke-width: 1; }
        svg .axis { stroke: #8c959f; stroke-width: 1; }
        svg .frame { fill: none; stroke: #8c959f; stroke-width: 1; }
        svg .bar { fill: var(--bar); }
        svg .bar.below { fill: var(--failed); }
        svg .bar.not-judged { fill: #afb8c1; }
        svg .bar.overall { fill: #6e7781; }
        svg .reference { fill: var(--reference); }
        svg .current { fill: var(--current); }
        svg .whisker { fill: none; stroke: var(--ink); stroke-width: 1.2; }
        svg .value { font-size: 11px; font-variant-numeric: tabular-nums; paint-order: stroke;
          stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        svg .undefined { fill: var(--muted); }
        svg .threshold { stroke: var(--failed); stroke-width: 1.5; }
        svg .threshold-label { font-size: 11px; fill: var(--failed); }
        svg .diagonal { stroke: #8c959f; stroke-width: 1; }
        svg .curve { fill: none; stroke: var(--bar); stroke-width: 2; stroke-linejoin: round; }
        footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
        a { color: var(--bar); }
        @media print {
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          a { color: inherit; text-decoration: none; }
          h2, h3 { break-after: avoid; }
          tr, figure { break-inside: avoid; }
          thead { display: table-header-group; }
          details::details-content { content-visibility: visible; display: block; }
        }

        """
}
