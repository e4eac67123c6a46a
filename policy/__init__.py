"""Pure rules for the EHE and CME service, with no database and no clock.

Everything here is plain Python that the rest of the project imports: when a child is of
compulsory school age and which national curriculum year they are in, how the academic year
splits into terms and census dates, which days are working days in England, the arithmetic for
serving notices and counting statutory periods, the controlled vocabularies used in casework and
in the DfE termly return, and the council's suitability considerations. Functions take every date
they need as an argument and never look at today's date, so a calculation made for a past census
date gives the same answer whenever it is repeated.
"""
