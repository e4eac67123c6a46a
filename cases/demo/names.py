"""Small, invented word lists for the demo borough.

Names are common given names and surnames put together at random; no entry, and no pairing,
describes a real person. Streets, districts, the town and every postcode are made up: the
postcodes use the "ZZ" area, which Royal Mail does not issue.
"""

GIRLS = (
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Freya", "Lily", "Evie", "Grace", "Poppy",
    "Sophie", "Ruby", "Chloe", "Ella", "Maisie", "Hannah", "Aisha", "Fatima", "Zara", "Amira",
    "Maryam", "Priya", "Anaya", "Simran", "Zofia", "Maja", "Alicja", "Ioana", "Elena",
    "Chiamaka", "Adaeze", "Amara", "Nia", "Kezia", "Tiana", "Siobhan", "Niamh", "Erin", "Jade",
    "Leah", "Holly", "Megan", "Bethany", "Tegan", "Darcie", "Willow", "Harriet", "Esme",
)  # fmt: skip

BOYS = (
    "Oliver", "Harry", "George", "Noah", "Jack", "Leo", "Oscar", "Charlie", "Jacob", "Alfie",
    "Freddie", "Thomas", "Archie", "Joshua", "Riley", "Mason", "Kai", "Tyler", "Callum",
    "Lewis", "Connor", "Ryan", "Liam", "Muhammad", "Yusuf", "Ibrahim", "Zain", "Ayaan", "Arjun",
    "Rohan", "Harvey", "Kacper", "Jakub", "Szymon", "Andrei", "Luca", "Matei", "Chidi", "Tobi",
    "Kwame", "Kofi", "Jayden", "Malachi", "Dylan", "Kieran", "Declan", "Cian", "Finley",
    "Reggie", "Tommy",
)  # fmt: skip

ADULT_WOMEN = (
    "Sarah", "Emma", "Claire", "Nicola", "Rebecca", "Laura", "Kelly", "Gemma", "Donna",
    "Lisa", "Joanne", "Stacey", "Natalie", "Samantha", "Nadia", "Shazia", "Rukhsana",
    "Parveen", "Sunita", "Kamala", "Agata", "Katarzyna", "Monika", "Andreea", "Ngozi",
    "Folake", "Abena", "Marcia", "Bernadette", "Aoife", "Charlotte", "Vicky", "Leanne",
)  # fmt: skip

ADULT_MEN = (
    "David", "Mark", "Paul", "Andrew", "Richard", "Darren", "Lee", "Craig", "Stuart", "Wayne",
    "Gavin", "Martin", "Imran", "Tariq", "Asif", "Naveed", "Sanjay", "Vikram", "Piotr",
    "Tomasz", "Marek", "Bogdan", "Emeka", "Kojo", "Delroy", "Winston", "Sean", "Padraig",
    "Jamie", "Scott", "Neil", "Ross",
)  # fmt: skip

SURNAMES = (
    "Ashworth", "Barker", "Bennett", "Booth", "Bradshaw", "Briggs", "Brook", "Butterworth",
    "Cartwright", "Clegg", "Crossley", "Dawson", "Dixon", "Eastwood", "Fletcher", "Garside",
    "Gill", "Goodall", "Hardcastle", "Haigh", "Hartley", "Hirst", "Holroyd", "Ibbotson",
    "Kershaw", "Lister", "Marsden", "Metcalfe", "Moorhouse", "Naylor", "Oldroyd", "Pickles",
    "Ramsden", "Redfern", "Sharp", "Shaw", "Sutcliffe", "Thornton", "Townend", "Wadsworth",
    "Walsh", "Whiteley", "Akhtar", "Hussain", "Begum", "Iqbal", "Mahmood", "Rashid",
    "Chaudhry", "Khan", "Patel", "Sharma", "Kaur", "Singh", "Nowak", "Kowalczyk", "Zielinski",
    "Popescu", "Ionescu", "Okafor", "Adeyemi", "Mensah", "Osei", "Campbell", "Clarke",
    "Francis", "Henry", "O'Brien", "Murphy", "Doyle", "Kelly", "Lynch", "Price", "Evans",
)  # fmt: skip

# (ethnicity as recorded, languages, sometimes-needed interpreter language)
BACKGROUNDS = (
    ("White British", "English", ""),
    ("White British", "English", ""),
    ("White British", "English", ""),
    ("White British", "English", ""),
    ("White British", "English", ""),
    ("White British", "English", ""),
    ("White Irish", "English", ""),
    ("Any other White background", "Polish, English", "Polish"),
    ("Any other White background", "Romanian, English", "Romanian"),
    ("Asian or Asian British: Pakistani", "English, Urdu", "Urdu"),
    ("Asian or Asian British: Pakistani", "English, Punjabi", "Punjabi"),
    ("Asian or Asian British: Indian", "English, Gujarati", "Gujarati"),
    ("Asian or Asian British: Bangladeshi", "English, Bengali", "Bengali"),
    ("Black or Black British: African", "English, Yoruba", ""),
    ("Black or Black British: Caribbean", "English", ""),
    ("Mixed: White and Black Caribbean", "English", ""),
    ("Mixed: White and Asian", "English", ""),
    ("Any other ethnic group", "Arabic, English", "Arabic"),
    ("Gypsy or Roma", "English, Romani", ""),
    ("Traveller of Irish heritage", "English", ""),
    ("Not recorded", "", ""),
)

TOWN = "Kestrelford"
DISTRICTS = (
    "Millbeck", "Cinderbridge", "Lapwing Hill", "Quarrybank", "Netherford", "Tannersby",
    "Kestrelford Central", "Foundry Vale",
)  # fmt: skip
STREETS = (
    "Kestrel Way", "Alder Road", "Millstone Lane", "Quarry Bank", "Furnace Street",
    "Tanners Row", "Hollin Close", "Coppice Drive", "Weavers Court", "Lapwing Grove",
    "Cinder Hill", "Beacon View", "Foundry Walk", "Ridgeway Crescent", "Wharf Terrace",
    "Sandpiper Road", "Holly Bank", "Nether Lane", "Ivy Street", "Greystone Avenue",
    "Spinners Fold", "Bobbin Mill Road", "Fernlea Gardens", "Canal Side", "Larch Mews",
)  # fmt: skip
# Where families go when they move out of the area: just as invented.
ELSEWHERE_TOWNS = ("Farleigh Moor", "Westholm", "Brackenby", "Saltmere")
