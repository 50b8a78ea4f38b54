import { canonicalJson, sha256Hex } from '../common/canonical-json';
import type { EvidenceDto, EvidenceView } from './dto/evidence.dto';
import type { EvidenceEntity } from './evidence.entity';
import type { EvidenceRevisionEntity } from './evidence-revision.entity';

export type EvidenceContent = Pick<
  EvidenceRevisionEntity,
  'kind' | 'title' | 'source' | 'sourceDate' | 'periodStart' | 'periodEnd' | 'url' | 'summary' | 'stance' | 'reliability' | 'credibility' | 'sensitivity'
>;

export function contentOf(dto: EvidenceDto): EvidenceContent {
  return {
    kind: dto.kind,
    title: dto.title.trim(),
    source: dto.source.trim(),
    sourceDate: dto.sourceDate,
    periodStart: dto.periodStart,
    periodEnd: dto.periodEnd,
    url: dto.url ?? null,
    summary: dto.summary,
    stance: dto.stance,
    reliability: dto.reliability,
    credibility: dto.credibility,
    sensitivity: dto.sensitivity?.trim() || null,
  };
}

/** SHA-256 of a revision's canonical content: what documents cite to prove which text they used. */
export function evidenceContentHash(evidenceId: string, revision: number, content: EvidenceContent): string {
  return sha256Hex(canonicalJson({ evidenceId, revision, ...content }));
}

export function toEvidenceView(item: EvidenceEntity, revision: EvidenceRevisionEntity): EvidenceView {
  return {
    id: item.id,
    caseId: item.caseId,
    revision: revision.revision,
    retracted: item.retracted,
    retractedReason: item.retractedReason,
    retractedBy: item.retractedBy,
    retractedAt: item.retractedAt,
    createdBy: item.createdBy,
    createdAt: item.createdAt,
    revisedBy: revision.createdBy,
    revisedAt: revision.createdAt,
    contentHash: revision.contentHash,
    kind: revision.kind,
    title: revision.title,
    source: revision.source,
    sourceDate: revision.sourceDate,
    periodStart: revision.periodStart,
    periodEnd: revision.periodEnd,
    url: revision.url,
    summary: revision.summary,
    stance: revision.stance,
    reliability: revision.reliability,
    credibility: revision.credibility,
    sensitivity: revision.sensitivity,
  };
}
