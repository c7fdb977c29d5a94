-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "failureWindowFrom" TIMESTAMP(3);
