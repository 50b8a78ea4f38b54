import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiOkResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/api-docs';
import { UserResponseDto } from './dto/auth-response.dto';
import { CurrentUser, Roles } from './auth.decorators';
import type { AuthUser } from './auth.types';
import { ChangeRolesDto, CreateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@ApiErrorResponses()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOkResponse({ type: [UserResponseDto] })
  @ApiOperation({ summary: 'The users' })
  @Get()
  list() {
    return this.users.list();
  }

  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiOperation({ summary: 'Create a user' })
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto) {
    return this.users.create(user, dto);
  }

  @ApiOkResponse({ type: UserResponseDto })
  @ApiOperation({ summary: 'Change a user\'s roles' })
  @Put(':id/roles')
  changeRoles(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ChangeRolesDto) {
    return this.users.changeRoles(user, id, dto);
  }

  @ApiOkResponse({ type: UserResponseDto })
  @ApiOperation({ summary: 'Deactivate a user' })
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.users.deactivate(user, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  reactivate(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.users.reactivate(user, id);
  }

  /** A one-time token (and the path of the page that uses it) for the admin to hand to the person. */
  @Post(':id/password-reset')
  @HttpCode(201)
  passwordReset(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.users.issuePasswordReset(user, id);
  }
}
