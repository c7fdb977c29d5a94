-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "tokenIssuedAt" INTEGER;
