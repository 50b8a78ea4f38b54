import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../user.entity';

class SignedInUserDto {
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: string[];
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer token for the Authorization header' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: string;
  @ApiProperty({ type: 'integer', description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: SignedInUserDto }) user: SignedInUserDto;
}

export class UserResponseDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: string[];
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
