import { Body, Controller, HttpCode, Ip, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { LoginResponseDto } from './dto/auth-response.dto';
import type { Request } from 'express';
import { Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { ResetPasswordDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('auth')
@ApiErrorResponses()
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'A bearer token; attempts are limited per username and per address (429 when spent)', security: [] })
  @ApiOkResponse({ type: LoginResponseDto })
  login(@Body() dto: LoginDto, @Ip() address: string) {
    return this.auth.login(dto.username, dto.password, address);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revokes the bearer token of this request: it is refused from now on' })
  @ApiNoContentResponse({ description: 'The token is revoked' })
  logout(@Req() request: Request) {
    return this.auth.endSession(request.headers.authorization?.replace(/^Bearer /, '').trim());
  }

  /** Spends a one-time reset token (256 random bits: not guessable, so not rate-limited). */
  @Public()
  @Post('reset-password')
  @HttpCode(204)
  resetPassword(@Body() dto: ResetPasswordDto) {
    return this.users.resetPassword(dto);
  }
}
