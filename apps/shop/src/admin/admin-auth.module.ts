import { Global, Module } from '@nestjs/common';
import { AdminAuth } from './admin-auth';

/** The admin token check, shared by `/admin/*` and the details of `/health/ready`. */
@Global()
@Module({ providers: [AdminAuth], exports: [AdminAuth] })
export class AdminAuthModule {}
