import { IsIn, IsOptional } from 'class-validator';

export const DOCUMENT_FORMATS = ['html', 'md', 'docx', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export class DocumentQueryDto {
  /** html (default, printable), md (Markdown), docx (Word) or pdf (needs Chromium on the server). */
  @IsOptional() @IsIn(DOCUMENT_FORMATS)
  format?: DocumentFormat;
}
