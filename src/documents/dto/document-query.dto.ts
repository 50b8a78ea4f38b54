import { IsIn, IsOptional, Matches } from 'class-validator';

export const DOCUMENT_FORMATS = ['html', 'md', 'docx', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export class DocumentQueryDto {
  /** html (default, printable), md (Markdown), docx (Word) or pdf (needs Chromium on the server). */
  @IsOptional() @IsIn(DOCUMENT_FORMATS)
  format?: DocumentFormat;

  /** The tranche whose document is wanted; required when the cycle has several. */
  @IsOptional() @Matches(/^[A-Z0-9][A-Z0-9-]{0,15}$/, { message: 'tranche must be a tranche code of the cycle' })
  tranche?: string;
}
