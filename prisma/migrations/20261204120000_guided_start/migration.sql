-- AlterTable
ALTER TABLE "User" ADD COLUMN     "guidedStartHiddenAt" TIMESTAMP(3);
