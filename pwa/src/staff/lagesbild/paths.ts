// Where the lägesbild pages live, and who may do what there (as the server decides: coordinators
// write, coordinators and admins import crime statistics, EST members read).
import type { Role } from '../../api/types';

export const lagesbildPath = (id: number, page = ''): string => `/personal/lagesbild/${id}${page ? `/${page}` : ''}`;

export const canWrite = (r: Role): boolean => r === 'coordinator';
export const canImportCrime = (r: Role): boolean => r === 'coordinator' || r === 'admin';
