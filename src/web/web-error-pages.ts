import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { HtmlErrorPages } from '../common/domain-exception.filter';
import { WebExceptionFilter } from './web-exception.filter';
import type { WebRequest } from './web-session';

/** Error pages for requests no web controller took (an unknown address): the desk's page, not JSON. */
@Injectable()
export class WebErrorPages implements HtmlErrorPages {
  constructor(private readonly filter: WebExceptionFilter) {}

  render(request: Request, status: number, message: string): string {
    return this.filter.errorPage(request as WebRequest, status, message);
  }
}
