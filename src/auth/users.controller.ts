import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from './auth.decorators';
import type { AuthUser } from './auth.types';
import { ChangeRolesDto, CreateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list() {
    return this.users.list();
  }

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto) {
    return this.users.create(user, dto);
  }

  @Put(':id/roles')
  changeRoles(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ChangeRolesDto) {
    return this.users.changeRoles(user, id, dto);
  }

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
