import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Counts sign-in attempts per client address and username, against password guessing. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const username = typeof req.body?.username === 'string' ? req.body.username.slice(0, 64).toLowerCase() : '';
    return `${req.ip}|${username}`;
  }
}
