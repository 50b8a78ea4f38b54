import { Matches } from 'class-validator';

/** Required text must say something: empty or whitespace-only text is refused. */
export const NotBlank = () => Matches(/\S/, { message: '$property must not be blank' });
