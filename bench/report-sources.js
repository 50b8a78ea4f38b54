// A cycle's document sources (no database) with `items` evidence items spread over the
// MX-FY2014 criteria: shared by the rendering benchmarks.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function syntheticReportSources(ITEMS) {
  const statute = JSON.parse(fs.readFileSync(path.join(root, 'data', 'statutes', 'mx-fy2014.json'), 'utf8'));
  const hex = (n) => n.toString(16).padStart(64, '0');
  const cases = statute.tranches[0].criteria.map((criterion, c) => ({
    id: `BENCH.${criterion.code}`,
    criterionCode: criterion.code,
    state: 'approved',
    version: 7,
    finding: { rating: 'not_met', rationale: 'r', narrative: 'A narrative of several sentences about the criterion & its <evidence>. '.repeat(8), approvedBy: 'reviewer', approvedAt: '2015-10-01T12:00:00.000Z' },
    proposedRating: 'not_met',
    criterion,
    evidence: [],
  }));
  for (let i = 0; i < ITEMS; i++) {
    cases[i % cases.length].evidence.push({
      evidenceId: `e-${i}`, revision: 1, kind: 'ngo_report', title: `Report ${i} on "detention" <practices> & [links](x)`,
      source: `Human Rights Centre ${i % 37}`, sourceDate: `2014-${String((i % 12) + 1).padStart(2, '0')}-15`, periodStart: '2014-01-01', periodEnd: '2014-12-31',
      url: `https://example.org/reports/${i}?a=1&b=2`, stance: i % 3 === 0 ? 'contradicts' : 'supports', reliability: 'B', credibility: 2, sensitivity: null, contentHash: hex(i),
    });
  }
  return {
    cycle: { id: 'BENCH', fiscalYear: 2014, appropriatedCents: 3_333_333_334, withheldBasisPoints: 1500, withheldCents: 500_000_000, obligationDeadline: '2015-09-30' },
    statute, tranche: statute.tranches[0], recipient: statute.recipients[0], decision: null, cases, history: [], people: {},
  };
}

module.exports = { syntheticReportSources };
